/** The three HTTP dialects the collector speaks. */
export type FrontDoor = 'native' | 'segment' | 'posthog';
