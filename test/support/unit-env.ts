// Unit tests talk to aws-sdk-client-mock, never to a network: fixed names and fake credentials.
process.env.TABLE_NAME = 'portal-unit';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'unit';
process.env.AWS_SECRET_ACCESS_KEY = 'unit';
process.env.CURSOR_SECRET = 'unit-test-cursor-secret-0123456789abcdef';
process.env.WS_MANAGEMENT_ENDPOINT = 'http://127.0.0.1:9/ws';
// PostToConnection through the (mocked) SDK client, not the signed fast path (shared/runtime/ws-client.ts).
process.env.WS_MANAGEMENT_TRANSPORT = 'sdk';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.LOG_LEVEL = 'SILENT';
