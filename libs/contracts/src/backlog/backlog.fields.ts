/**
 * Field schemas the backlog request messages share. Every request names its `projectId`; an item
 * or link of another project is answered exactly as one that does not exist (ITEM_NOT_FOUND).
 * None carries an actor: who acts is the request envelope's (NATS headers).
 */
import { Type } from '@sinclair/typebox';
import { oneOf } from '../json-schema/json-schema.builders';
import { BACKLOG_ITEM_KINDS, BACKLOG_ITEM_STATES, BACKLOG_LIMITS, BACKLOG_LINK_TYPES, BACKLOG_TRACKS } from './backlog.enums';

export const track = () => oneOf(BACKLOG_TRACKS, { type: 'string' });
export const itemKind = () => oneOf(BACKLOG_ITEM_KINDS, { type: 'string' });
export const itemState = () => oneOf(BACKLOG_ITEM_STATES, { type: 'string' });
export const linkType = () => oneOf(BACKLOG_LINK_TYPES, { type: 'string' });
/** The version the caller last read; a stale one is CONFLICT with `details.currentVersion`. */
export const expectedVersion = () => Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const title = () => Type.String({ minLength: 1, maxLength: BACKLOG_LIMITS.maxTitleLength });
/** Markdown; the byte limit (64 KiB of UTF-8) is checked by the service, this bound refuses junk early. */
export const description = () => Type.String({ maxLength: BACKLOG_LIMITS.maxDescriptionBytes });
export const estimate = () => Type.String({ minLength: 1, maxLength: BACKLOG_LIMITS.maxEstimateLength });
export const owners = () => Type.Array(Type.String({ format: 'uuid' }), { maxItems: BACKLOG_LIMITS.maxOwners, uniqueItems: true });
export const labels = () =>
  Type.Array(Type.String({ minLength: 1, maxLength: BACKLOG_LIMITS.maxLabelLength }), { maxItems: BACKLOG_LIMITS.maxLabels });
/** `<PROJECT-KEY>-<n>`, e.g. `SHOP-42`. */
export const itemKey = () => Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{1,9}-[1-9][0-9]{0,9}$' });
