import { CreateTrackSettings1765000001000 } from './1765000001000-create-track-settings.migration';

/** Migrations of the track settings (`backlog_track_settings`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const TRACKS_MIGRATIONS: Function[] = [CreateTrackSettings1765000001000];
