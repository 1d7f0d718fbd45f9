/** The one event path: routing derived from the manifest, chunking, and the router's failure isolation. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { FEATURES } from '../../../functions/manifest';
import { routeBatch, targetsFromEnv, type ConsumerInvoker } from '../../../functions/stream-router/router';
import { handler } from '../../../functions/stream-router/handler';
import { resetClients } from '../../../shared/data/clients';
import { chunkRecords, routerFilter, streamRoutes } from '../../../shared/events/routing';
import { defineFeature, type StreamEventName } from '../../../shared/manifest/types';

const record = (eventName: StreamEventName, entity: string, seq: string, pad = 0): DynamoDBRecord => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: {
    SequenceNumber: seq,
    ...(eventName === 'REMOVE'
      ? { OldImage: { __edb_e__: { S: entity } } }
      : { NewImage: { __edb_e__: { S: entity }, ...(pad ? { pad: { S: 'x'.repeat(pad) } } : {}) } }),
  },
});

const features = [
  defineFeature({
    feature: 'alpha',
    grants: [],
    streams: {
      one: { summary: '1', entities: ['task'], events: ['INSERT'] },
      two: { summary: '2', entities: ['task', 'comment'], events: ['MODIFY'], batchSize: 20 },
    },
  }),
  defineFeature({
    feature: 'beta',
    grants: [],
    streams: {
      gone: { summary: 'g', entities: ['connection'], events: ['REMOVE'] },
      all: { summary: 'a', entities: ['chat'] },
    },
  }),
  defineFeature({ feature: 'quiet', grants: [] }),
];

describe('streamRoutes (from the manifest)', () => {
  it('unites each feature’s consumers into entity → events, with the smallest batch', () => {
    expect(streamRoutes(features)).toEqual([
      { feature: 'alpha', match: { comment: ['MODIFY'], task: ['INSERT', 'MODIFY'] }, batchSize: 20 },
      { feature: 'beta', match: { chat: ['INSERT', 'MODIFY', 'REMOVE'], connection: ['REMOVE'] }, batchSize: 100 },
    ]);
  });

  it('gives the router one filter for every consumer', () => {
    expect(routerFilter(streamRoutes(features))).toEqual({
      upserts: { INSERT: ['chat', 'task'], MODIFY: ['chat', 'comment', 'task'] },
      removes: ['chat', 'connection'],
    });
  });

  it('covers every consumer the real manifest declares', () => {
    const routes = streamRoutes(FEATURES);
    for (const f of FEATURES)
      for (const spec of Object.values(f.streams))
        for (const entity of spec.entities) {
          const route = routes.find((r) => r.feature === f.feature);
          expect(route?.match[entity]).toEqual(
            expect.arrayContaining(spec.events?.length ? spec.events : ['INSERT', 'MODIFY', 'REMOVE']),
          );
        }
    expect(routes.map((r) => r.feature).sort()).toEqual(
      FEATURES.filter((f) => Object.keys(f.streams).length)
        .map((f) => f.feature)
        .sort(),
    );
  });
});

describe('chunkRecords', () => {
  it('keeps stream order and splits by count and by payload size', () => {
    const recs = Array.from({ length: 7 }, (_, i) => record('INSERT', 'task', String(i)));
    expect(chunkRecords(recs, 3).map((c) => c.records.map((r) => r.dynamodb?.SequenceNumber))).toEqual([
      ['0', '1', '2'],
      ['3', '4', '5'],
      ['6'],
    ]);
    const big = [
      record('INSERT', 'task', 'a', 100_000),
      record('INSERT', 'task', 'b', 100_000),
      record('INSERT', 'task', 'c', 100_000),
    ];
    const chunks = chunkRecords(big, 100);
    expect(chunks.map((c) => c.records.length)).toEqual([2, 1]);
    expect(chunks.every((c) => c.bytes <= 240 * 1024 && !c.oversized)).toBe(true);
    expect(chunkRecords([record('INSERT', 'task', 'huge', 300_000)], 100)[0]!.oversized).toBe(true);
  });
});

describe('routeBatch', () => {
  const targets = streamRoutes(features).map((r) => ({ ...r, target: `fn-${r.feature}` }));
  const calls: { target: string; seqs: string[]; sync: boolean }[] = [];
  const parked: { feature: string; reason: string }[] = [];
  const seqs = (payload: string) =>
    (JSON.parse(payload) as { Records: DynamoDBRecord[] }).Records.map((r) => r.dynamodb!.SequenceNumber!);
  const invoker = (failing: Set<string>, parkFails = false): ConsumerInvoker => ({
    async invokeAsync(target, payload) {
      if (failing.has(target)) throw new Error(`${target} throttled`);
      calls.push({ target, seqs: seqs(payload), sync: false });
    },
    async invokeSync(target, payload) {
      calls.push({ target, seqs: seqs(payload), sync: true });
      return !failing.has(target);
    },
    async park(feature, _payload, reason) {
      if (parkFails) throw new Error('SQS down');
      parked.push({ feature, reason });
    },
  });
  beforeEach(() => {
    calls.length = 0;
    parked.length = 0;
  });

  const batch = [
    record('INSERT', 'task', '1'),
    record('MODIFY', 'comment', '2'),
    record('REMOVE', 'connection', '3'),
    record('INSERT', 'comment', '4'),
    record('MODIFY', 'chat', '5'),
    record('INSERT', 'other', '6'),
  ];

  it('hands each feature exactly its records, in stream order, asynchronously', async () => {
    const out = await routeBatch(batch, targets, invoker(new Set()));
    expect(calls).toEqual([
      { target: 'fn-alpha', seqs: ['1', '2'], sync: false },
      { target: 'fn-beta', seqs: ['3', '5'], sync: false },
    ]);
    expect(out.map((o) => [o.feature, o.records, o.parked])).toEqual([
      ['alpha', 2, 0],
      ['beta', 2, 0],
    ]);
  });

  it('parks what one feature cannot take and still delivers the others', async () => {
    await routeBatch(batch, targets, invoker(new Set(['fn-alpha'])));
    expect(calls.map((c) => c.target)).toEqual(['fn-beta']);
    expect(parked).toEqual([{ feature: 'alpha', reason: 'fn-alpha throttled' }]);
  });

  it('fails the batch (so the mapping retries it) only when parking fails too', async () => {
    await expect(routeBatch(batch, targets, invoker(new Set(['fn-beta']), true))).rejects.toThrow('SQS down');
  });

  it('sends a record over the async limit synchronously, and parks it when the consumer fails', async () => {
    const huge = [record('INSERT', 'task', 'h', 300_000)];
    await routeBatch(huge, targets, invoker(new Set(['fn-alpha'])));
    expect(calls).toEqual([{ target: 'fn-alpha', seqs: ['h'], sync: true }]);
    expect(parked.map((p) => p.feature)).toEqual(['alpha']);
  });
});

describe('the router Lambda', () => {
  const lambda = mockClient(LambdaClient);
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    lambda.reset();
    sqs.reset();
    resetClients();
    process.env.STREAM_ROUTES = JSON.stringify(streamRoutes(features));
    process.env.STREAM_TARGETS = JSON.stringify({ alpha: 'Portal-alpha', beta: 'Portal-beta' });
    process.env.STREAM_UNDELIVERED_QUEUE_URL = 'https://sqs.example/undelivered';
  });

  it('invokes each consumer with InvocationType Event and its subset, marked as routed', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await expect(handler({ Records: [record('INSERT', 'task', '1'), record('MODIFY', 'chat', '2')] })).resolves.toEqual(
      {
        batchItemFailures: [],
      },
    );
    const sent = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(sent.map((i) => [i.FunctionName, i.InvocationType])).toEqual([
      ['Portal-alpha', 'Event'],
      ['Portal-beta', 'Event'],
    ]);
    const payload = JSON.parse(Buffer.from(sent[0]!.Payload as Uint8Array).toString('utf8')) as {
      routedBy: string;
      Records: unknown[];
    };
    expect(payload.routedBy).toBe('stream-router');
    expect(payload.Records).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('parks a subset in the undelivered queue, naming the feature, when Invoke keeps failing', async () => {
    lambda.on(InvokeCommand, { FunctionName: 'Portal-alpha' }).rejects(new Error('Rate exceeded'));
    lambda.on(InvokeCommand, { FunctionName: 'Portal-beta' }).resolves({ StatusCode: 202 });
    sqs.on(SendMessageCommand).resolves({});
    await handler({ Records: [record('INSERT', 'task', '1'), record('MODIFY', 'chat', '2')] });
    const msg = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(msg.QueueUrl).toBe('https://sqs.example/undelivered');
    expect(msg.MessageAttributes?.feature?.StringValue).toBe('alpha');
  });

  it('reads its routing table and targets from the environment and refuses a feature without a target', () => {
    expect(targetsFromEnv().map((t) => t.target)).toEqual(['Portal-alpha', 'Portal-beta']);
    expect(() => targetsFromEnv({ STREAM_ROUTES: process.env.STREAM_ROUTES, STREAM_TARGETS: '{}' })).toThrow(
      /no target for feature alpha/,
    );
  });
});
