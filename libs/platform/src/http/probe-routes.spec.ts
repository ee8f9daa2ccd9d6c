import { isProbePath } from './probe-routes';

describe('isProbePath', () => {
  it.each(['/health', '/health/live', '/health/ready?verbose=1', '/metrics', '/metrics?x=1'])(
    '%s is a probe',
    (url) => expect(isProbePath(url)).toBe(true),
  );

  it.each(['/healthy', '/orders/health', '/metrics/extra', '/', undefined])('%s is not', (url) =>
    expect(isProbePath(url)).toBe(false),
  );
});
