import type { AppModule } from '../../kernel/module.ts';
import { setOtpSender } from '../../kernel/auth/index.ts';
import { maskPhone } from '../../kernel/crypto/index.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { smsDelivery } from './notifications.service.ts';
import { smsProvider } from './sms.ts';

export { notifications } from './notifications.tables.ts';
export { notify, notifyMany, type Message } from './notifications.service.ts';
export { setSmsProvider, smsProvider, RecordingSmsProvider, type SmsProvider } from './sms.ts';

/** R-COM-2: stored in-app messages with delivery state, live via the outbox, SMS through a provider. */
export const notificationsModule: AppModule = {
  name: 'notifications',
  routes: notificationsRoutes,
  init(deps) {
    deps.dispatcher.on('notification.created', smsDelivery(deps.pii, deps.clock));
    // Owners' one-time login codes go out through the same SMS provider.
    setOtpSender(async (phone, text) => {
      await smsProvider().send(phone, text);
      // Demo mode has no gateway: show the code on the console so the OTP login can be tried.
      if (deps.config.demo) console.log(`[演示模式 demo] 短信 SMS → ${maskPhone(phone)}: ${text}`);
    });
  },
};
