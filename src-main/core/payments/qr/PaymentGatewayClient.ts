// The core's client of the platform's payment endpoints (src-common/wire/paymentsWire.ts):
// thin typed calls over the sync module's signed PlatformClient. The platform client is looked up
// per call because the sync module starts after the payments modules.
import type { z } from 'zod';
import { NoticeDetail, PaymentOrder, type CreateOrderRequest } from '../../../../src-common/wire/paymentsWire';
import type { Result } from '../../../../src-common/result';
import type { PlatformClient, PlatformFailure } from '../../sync/PlatformClient';

export type GatewayResult<T> = Promise<Result<T, PlatformFailure>>;

/** What the QR and fee services need from the platform; tests may substitute it. */
export interface PaymentGateway {
  notice(noticeNumber: string): GatewayResult<NoticeDetail>;
  createOrder(request: CreateOrderRequest): GatewayResult<PaymentOrder>;
  queryOrder(orderId: string): GatewayResult<PaymentOrder>;
  /** The code travels only in this request's body; it is never logged or stored. */
  micropay(orderId: string, authCode: string): GatewayResult<PaymentOrder>;
  reverseOrder(orderId: string): GatewayResult<PaymentOrder>;
  closeOrder(orderId: string): GatewayResult<PaymentOrder>;
}

export class PaymentGatewayClient implements PaymentGateway {
  constructor(private readonly platform: PlatformClient) {}

  notice(noticeNumber: string): GatewayResult<NoticeDetail> {
    return this.call('GET', `/v1/payments/notices/${encodeURIComponent(noticeNumber)}`, undefined, NoticeDetail);
  }

  createOrder(request: CreateOrderRequest): GatewayResult<PaymentOrder> {
    return this.call('POST', '/v1/payments/orders', request, PaymentOrder);
  }

  queryOrder(orderId: string): GatewayResult<PaymentOrder> {
    return this.call('GET', `/v1/payments/orders/${encodeURIComponent(orderId)}`, undefined, PaymentOrder);
  }

  micropay(orderId: string, authCode: string): GatewayResult<PaymentOrder> {
    return this.call('POST', `/v1/payments/orders/${encodeURIComponent(orderId)}/micropay`, { authCode }, PaymentOrder);
  }

  reverseOrder(orderId: string): GatewayResult<PaymentOrder> {
    return this.call('POST', `/v1/payments/orders/${encodeURIComponent(orderId)}/reverse`, {}, PaymentOrder);
  }

  closeOrder(orderId: string): GatewayResult<PaymentOrder> {
    return this.call('POST', `/v1/payments/orders/${encodeURIComponent(orderId)}/close`, {}, PaymentOrder);
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S): GatewayResult<z.infer<S>> {
    return this.platform.signed(method, path, body, schema);
  }
}
