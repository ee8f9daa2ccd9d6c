export class ConfirmOrderCommand {
  constructor(readonly orderId: string) {}
}
