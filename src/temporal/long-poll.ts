// Temporal answers an idle worker's poll after its long-poll interval (matching.longPollExpirationInterval,
// 60 s by default), and a poller's lastAccessTime is when its poll began: with the default, a live idle
// worker looks a minute old. The servers this project starts shorten it so that /readyz can tell a dead
// worker within READINESS_POLLER_WINDOW_MS (10 s): keep the interval at most half the window.
const LONG_POLL_SECONDS = 5;

/** `temporal server start-dev` arguments for it. */
export const devServerLongPollArgs = ['--dynamic-config-value', `matching.longPollExpirationInterval="${LONG_POLL_SECONDS}s"`];
