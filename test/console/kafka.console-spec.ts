import { consoleSuite } from './console.suite';

consoleSuite('kafka');
