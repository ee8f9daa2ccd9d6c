import { consoleSuite } from './console.suite';

consoleSuite('rabbitmq');
