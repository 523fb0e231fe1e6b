import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AuditProofReply,
  type AuditProofRequest,
  type AuditPublicKeyReply,
  type AuditPublicKeyRequest,
  type AuditTrailPageReply,
  type AuditTrailPageRequest,
  type ExportAuditTrailReply,
  type ExportAuditTrailRequest,
  GOVERNANCE_PAGES,
  RPC,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { requestActor } from '../infrastructure/request-actor';
import { AuditExportService } from './audit-export.service';
import { AuditTrailService } from './audit-trail.service';
import { TreeHeadService } from './tree-head.service';

/** Request/reply handlers of the audit trail (called by the gateway over NATS). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class AuditTrailController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly exporter: AuditExportService,
    private readonly heads: TreeHeadService,
  ) {}

  @MessagePattern(RPC.governanceAuditTrailList)
  list(@Payload(new RpcPayloadPipe(RPC.governanceAuditTrailList)) request: AuditTrailPageRequest): Promise<AuditTrailPageReply> {
    return this.trail.page(request.projectId, request.first ?? GOVERNANCE_PAGES.auditTrail.default, request.after);
  }

  @MessagePattern(RPC.governanceAuditProofGet)
  proof(@Payload(new RpcPayloadPipe(RPC.governanceAuditProofGet)) request: AuditProofRequest): Promise<AuditProofReply> {
    return this.trail.proveEntry(request.projectId, request.seq, request.treeSize ?? null, request.fromTreeSize ?? null);
  }

  @MessagePattern(RPC.governanceAuditPublicKeyGet)
  publicKey(@Payload(new RpcPayloadPipe(RPC.governanceAuditPublicKeyGet)) _request: AuditPublicKeyRequest): AuditPublicKeyReply {
    return this.heads.publicKey();
  }

  @MessagePattern(RPC.governanceAuditTrailExport)
  export(@Payload(new RpcPayloadPipe(RPC.governanceAuditTrailExport)) _request: ExportAuditTrailRequest): Promise<ExportAuditTrailReply> {
    return this.exporter.export(requestActor());
  }
}
