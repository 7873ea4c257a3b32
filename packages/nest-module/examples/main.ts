import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { DeployService } from './deploy.service.js';

const app = await NestFactory.create(AppModule);
// SIGTERM and SIGINT run app.close(): the module closes the notifier, delivering what is pending.
app.enableShutdownHooks();
await app.listen(process.env.PORT ?? 3000);

app.get(DeployService).announce('v1.4.2');
