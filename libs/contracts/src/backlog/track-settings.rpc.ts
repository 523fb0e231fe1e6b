import { type Static } from '@sinclair/typebox';
import { closedObject, oneOf, uuid } from '../json-schema/json-schema.builders';
import { BACKLOG_ESTIMATE_SCALES, type BacklogEstimateScale, type BacklogTrack } from './backlog.enums';
import { track } from './backlog.fields';

/** A track's settings in a project. Default scale: FIBONACCI for PRODUCT and ENGINEERING, NONE for DESIGN and DATA. */
export interface BacklogTrackSettingsDto {
  track: BacklogTrack;
  estimateScale: BacklogEstimateScale;
  /** The values the scale accepts, ascending (null, "not estimated", is always accepted). */
  estimateValues: string[];
  /** Null while the track still has its defaults. */
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The settings of all four tracks of a project, in track order. */
export const getTrackSettingsRequestSchema = closedObject({ projectId: uuid() });
export type GetTrackSettingsRequest = Static<typeof getTrackSettingsRequestSchema>;
export interface GetTrackSettingsReply {
  tracks: BacklogTrackSettingsDto[];
}

/**
 * Changes a track's estimate scale. Refused (VALIDATION_FAILED, `details.items` lists their keys
 * and estimates) while items of the track have estimates the new scale does not have.
 */
export const setTrackSettingsRequestSchema = closedObject({
  projectId: uuid(),
  track: track(),
  estimateScale: oneOf(BACKLOG_ESTIMATE_SCALES, { type: 'string' }),
});
export type SetTrackSettingsRequest = Static<typeof setTrackSettingsRequestSchema>;
export interface SetTrackSettingsReply {
  settings: BacklogTrackSettingsDto;
}
