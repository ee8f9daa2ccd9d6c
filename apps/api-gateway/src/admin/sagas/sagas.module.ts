import { Module } from '@nestjs/common';
import { SagasHttpController } from './sagas.http.controller';

/** /admin/sagas/:service: list, show, retry and abort the sagas a service runs. */
@Module({ controllers: [SagasHttpController] })
export class SagasModule {}
