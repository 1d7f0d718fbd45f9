// Test files of the `e2e` project talk to the e2e stack (the integration project may run beside it).
process.env.PORTAL_TEST_STACK = 'e2e';
