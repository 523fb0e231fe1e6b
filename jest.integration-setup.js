// Integration and system tests start real servers: give them time (tests never assert on time).
jest.setTimeout(Number(process.env.FULCRUM_TEST_TIMEOUT_MS ?? 120_000));
