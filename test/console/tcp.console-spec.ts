import { consoleSuite } from './console.suite';

consoleSuite('tcp');
