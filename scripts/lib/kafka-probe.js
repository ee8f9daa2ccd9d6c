#!/usr/bin/env node
/*
 * Answers one question for scripts/brokers-up.sh: is a working Kafka broker serving on
 * HOST:PORT right now?
 *
 *   node scripts/lib/kafka-probe.js 127.0.0.1:9092
 *
 * Exit 0 and a one-line summary on stdout: yes. Exit 1 and the reason on stderr: no.
 * It makes a single attempt with short timeouts; the caller does the polling.
 *
 * "Working" means the broker answers a DescribeCluster (metadata) request listing at least
 * one broker, which in KRaft mode only happens once it has joined the controller quorum.
 * If kafkajs is not installed yet (fresh clone before `npm install`) it falls back to a
 * dependency-free ApiVersions round trip, which still tells Kafka apart from any other
 * server that happens to hold the port.
 */
'use strict';

const net = require('node:net');

const OVERALL_TIMEOUT_MS = 8000;

function parseAddress(arg) {
  const match = /^([^:]+):(\d+)$/.exec(arg || '');
  if (!match) {
    process.stderr.write('usage: kafka-probe.js HOST:PORT\n');
    process.exit(2);
  }
  return { host: match[1], port: Number(match[2]) };
}

function loadKafkajs() {
  try {
    return require('kafkajs');
  } catch {
    return null;
  }
}

async function probeWithKafkajs(kafkajs, address) {
  const kafka = new kafkajs.Kafka({
    clientId: 'railyard-brokers-probe',
    brokers: [`${address.host}:${address.port}`],
    connectionTimeout: 1500,
    requestTimeout: 4000,
    retry: { retries: 0 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) {
      throw new Error('metadata lists no brokers yet');
    }
    return `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/*
 * Fallback: ApiVersions v0 by hand. Request = int32 size, int16 api_key (18),
 * int16 api_version (0), int32 correlation_id, int16-length client_id, empty body.
 * Response starts with int32 size, int32 correlation_id, int16 error_code.
 */
function probeWithApiVersions(address) {
  const correlationId = 0x5241494c; // arbitrary, echoed back by a real broker
  const clientId = Buffer.from('railyard-brokers-probe');
  const payload = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  payload.writeInt16BE(18, 0);
  payload.writeInt16BE(0, 2);
  payload.writeInt32BE(correlationId, 4);
  payload.writeInt16BE(clientId.length, 8);
  clientId.copy(payload, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);

  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, address.host);
    let received = Buffer.alloc(0);
    socket.setTimeout(3000, () => socket.destroy(new Error('no ApiVersions answer in 3s')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(Buffer.concat([size, payload])));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 10) return;
      socket.destroy();
      const echoed = received.readInt32BE(4);
      const errorCode = received.readInt16BE(8);
      if (echoed !== correlationId) {
        reject(new Error('the server on this port does not speak the Kafka protocol'));
      } else if (errorCode !== 0) {
        reject(new Error(`ApiVersions error code ${errorCode}`));
      } else {
        resolve('answers ApiVersions (kafkajs not installed, metadata not checked)');
      }
    });
    socket.once('close', () => reject(new Error('connection closed before a full answer')));
  });
}

async function main() {
  const address = parseAddress(process.argv[2]);
  const timer = setTimeout(() => {
    process.stderr.write(`no answer within ${OVERALL_TIMEOUT_MS}ms\n`);
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  timer.unref();

  const kafkajs = loadKafkajs();
  try {
    const summary = kafkajs
      ? await probeWithKafkajs(kafkajs, address)
      : await probeWithApiVersions(address);
    process.stdout.write(`${summary}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

main();
