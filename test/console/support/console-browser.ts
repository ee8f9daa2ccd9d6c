import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it): playwright-core drives it and downloads no browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'reports', 'console');

/** One headless chromium and one page on the gateway's console, its screenshots named per run. */
export class ConsoleBrowser {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly prefix: string,
  ) {}

  static async open(prefix: string): Promise<ConsoleBrowser> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The sandbox needs user namespaces, which a root CI run in a container may not have.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Every Retry / Abort / Replay / Discard asks for confirmation: the test confirms.
    page.on('dialog', (dialog) => void dialog.accept());
    return new ConsoleBrowser(browser, page, prefix);
  }

  /** reports/console/<prefix>-<step>.png, the whole page. */
  async screenshot(step: string): Promise<void> {
    await this.page.screenshot({
      path: join(SCREENSHOTS, `${this.prefix}-${step}.png`),
      fullPage: true,
    });
  }

  async signIn(gatewayUrl: string, token: string): Promise<void> {
    await this.page.goto(`${gatewayUrl}/console/`);
    await this.page.getByTestId('token-input').fill(token);
    await this.page.getByTestId('sign-in').click();
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
