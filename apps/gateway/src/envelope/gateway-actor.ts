/**
 * The gateway acting by itself: the actor of every HTTP request's envelope until the guard knows the
 * caller (public fields called without credentials keep it), and of start-up work.
 */
export const GATEWAY_ACTOR = 'service:gateway';
