import { Module } from '@nestjs/common';
import { GetProductHttpController } from './get-product/get-product.http.controller';
import { SetProductHttpController } from './set-product/set-product.http.controller';

/** /inventory/products: stock administration, served by inventory-service. */
@Module({ controllers: [SetProductHttpController, GetProductHttpController] })
export class InventoryModule {}
