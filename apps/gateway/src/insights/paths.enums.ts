import { registerEnumType } from '@nestjs/graphql';
import { PATH_DIRECTIONS, type PathDirection } from '@fulcrum/contracts';
import { sameNameEnum } from './insight-common.enums';

export const PathDirectionEnum = sameNameEnum<PathDirection>(PATH_DIRECTIONS);
registerEnumType(PathDirectionEnum, {
  name: 'PathDirection',
  description: 'Which way a path goes from the anchor event.',
  valuesMap: {
    NEXT: { description: 'The events after each anchor occurrence, in the same session (the default).' },
    PREVIOUS: { description: 'The events before each anchor occurrence, walking back: step 1 is the event just before the anchor.' },
  },
});
