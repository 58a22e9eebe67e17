import { pino } from 'pino';
import { createServer } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** Entry point: reads the environment, starts the server, stops it cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel });
  const server = await createServer(config, { logger });
  const { port, url } = await server.listen();
  // Tests and scripts parse this line: keep `"msg":"listening"` and `"url"`.
  logger.info({ port, url, database: config.databaseUrl.split(':')[0] }, 'listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('ringside server failed to start:', error);
  process.exit(1);
});
