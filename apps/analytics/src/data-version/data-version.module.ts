import { Module } from '@nestjs/common';
import { DataVersionController } from './data-version.controller';

@Module({ controllers: [DataVersionController] })
export class DataVersionModule {}
