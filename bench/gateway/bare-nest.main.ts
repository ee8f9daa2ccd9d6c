import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { announceListening } from './http-child';

/** What the gateway's /health/live answers, so both sides send the same bytes. */
const LIVE = { status: 'ok', info: {}, error: {}, details: {} };

@Controller('health')
class BareController {
  @Get('live')
  live() {
    return LIVE;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

/** The baseline of B4: a Nest app (express) with one static route and nothing else. */
async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.BENCH_HTTP_PORT), '127.0.0.1');
  announceListening();
}

void main();
