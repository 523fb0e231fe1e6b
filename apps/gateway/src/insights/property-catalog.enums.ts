import { registerEnumType } from '@nestjs/graphql';
import { PROPERTY_CATALOG_ORDERS, PROPERTY_VALUE_TYPES, type PropertyCatalogOrder, type PropertyValueType } from '@fulcrum/contracts';
import { sameNameEnum } from './insight-common.enums';

export const PropertyCatalogOrderEnum = sameNameEnum<PropertyCatalogOrder>(PROPERTY_CATALOG_ORDERS);
registerEnumType(PropertyCatalogOrderEnum, {
  name: 'PropertyCatalogOrder',
  description: 'Order of the events and properties of a property catalog.',
  valuesMap: {
    FREQUENCY: { description: 'Most used first, ties by name (the default).' },
    NAME: { description: 'By name.' },
  },
});

export const PropertyValueTypeEnum = sameNameEnum<PropertyValueType>(PROPERTY_VALUE_TYPES);
registerEnumType(PropertyValueTypeEnum, {
  name: 'PropertyValueType',
  description: 'The JSON type of a property value.',
  valuesMap: {
    STRING: { description: 'A JSON string.' },
    NUMBER: { description: 'A JSON number (integer or not).' },
    BOOLEAN: { description: 'true or false.' },
    OBJECT: { description: 'A JSON object.' },
    ARRAY: { description: 'A JSON array.' },
    NULL: { description: 'A JSON null (the key is present).' },
  },
});
