import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AuditPublicKeyReply, SignedTreeHeadDto } from '@fulcrum/contracts';
import { type SignedTreeHead, TreeHeadSigner, hashToHex, publicKeyFingerprint } from '@fulcrum/audit-log';
import { AuditTrailCorruptError } from './audit-log.cache';
import { TreeHeadRepository } from './tree-head.repository';

/**
 * The log's signing identity and the heads it signs. The Ed25519 key is created at first start
 * and kept in `audit_signing_keys` (the database is this service's secret store here; a KMS would
 * slot in behind this class), so restarts and replicas sign with the same key.
 *
 * Heads are signed on demand and stored: the first head signed for a tree size is the one handed
 * out for that size from then on, so repeated proofs do not mint a head per request, and a
 * stored head whose root no longer matches the log exposes a rewritten history.
 */
@Injectable()
export class TreeHeadService implements OnModuleInit {
  private readonly logger = new Logger(TreeHeadService.name);
  private signer?: TreeHeadSigner;
  private identity?: AuditPublicKeyReply;

  constructor(private readonly repository: TreeHeadRepository) {}

  async onModuleInit(): Promise<void> {
    let row = await this.repository.activeKey();
    if (!row) {
      const generated = TreeHeadSigner.generate();
      const pem = generated.exportPublicKey();
      await this.repository.insertKeyIfNone({
        key_id: fingerprint(pem),
        public_key_pem: pem,
        private_key_pem: generated.exportPrivateKeyPem(),
      });
      row = await this.repository.activeKey();
      if (!row) throw new Error('no active audit signing key after creating one');
      if (row.key_id === fingerprint(pem)) this.logger.log(`created the audit trail signing key ${row.key_id}`);
    }
    const signer = TreeHeadSigner.fromPrivateKeyPem(row.private_key_pem);
    if (fingerprint(signer.exportPublicKey()) !== row.key_id) throw new Error(`audit signing key ${row.key_id} does not match its private key`);
    this.signer = signer;
    this.identity = { publicKeyPem: row.public_key_pem, keyId: row.key_id };
  }

  publicKey(): AuditPublicKeyReply {
    return { ...this.ready().identity };
  }

  /** The signed head for the tree of `treeSize` leaves whose root is `root` (stored, or signed now). */
  async signedHead(treeSize: number, root: Uint8Array): Promise<SignedTreeHeadDto> {
    const { signer, identity } = this.ready();
    const rootHash = hashToHex(root);
    let head = await this.repository.findHead(treeSize, identity.keyId);
    if (!head) {
      await this.repository.insertHeadIfNone(signer.signRoot(treeSize, root), identity.keyId);
      head = await this.repository.findHead(treeSize, identity.keyId);
    }
    if (!head) throw new Error(`tree head ${treeSize} was not stored`);
    if (head.rootHash !== rootHash) {
      throw new AuditTrailCorruptError(`the head signed for size ${treeSize} has root ${head.rootHash}, the log now has ${rootHash}`);
    }
    return { ...head, keyId: identity.keyId };
  }

  /** The largest head handed out before, below `treeSize` (to prove the new one extends it). */
  latestHeadBelow(treeSize: number): Promise<SignedTreeHead | undefined> {
    return this.repository.latestHeadBelow(treeSize, this.ready().identity.keyId);
  }

  private ready(): { signer: TreeHeadSigner; identity: AuditPublicKeyReply } {
    if (!this.signer || !this.identity) throw new Error('the audit signing key is not loaded yet');
    return { signer: this.signer, identity: this.identity };
  }
}

function fingerprint(pem: string): string {
  const value = publicKeyFingerprint(pem);
  if (!value) throw new Error('not an Ed25519 public key');
  return value;
}
