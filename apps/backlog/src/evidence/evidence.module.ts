import { Module } from '@nestjs/common';
import { ItemStoreModule } from '../items/item-store.module';
import { EvidenceFreshnessService } from './evidence-freshness.service';
import { EvidenceSourceVerifier } from './evidence-source.verifier';
import { EvidenceController } from './evidence.controller';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceService } from './evidence.service';

/** Evidence on items (owns `backlog_evidence`); builds on the item store's guard, activity and outbox. */
@Module({
  imports: [ItemStoreModule],
  controllers: [EvidenceController],
  providers: [EvidenceRepository, EvidenceSourceVerifier, EvidenceService, EvidenceFreshnessService],
})
export class EvidenceModule {}
