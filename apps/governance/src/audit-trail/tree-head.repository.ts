import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SignedTreeHead } from '@fulcrum/audit-log';

export interface SigningKeyRow {
  key_id: string;
  public_key_pem: string;
  private_key_pem: string;
}

interface TreeHeadRow {
  tree_size: string;
  root_hash: string;
  issued_at: Date;
  signature: string;
}

/** SQL of `audit_signing_keys` and `audit_tree_heads`. */
@Injectable()
export class TreeHeadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async activeKey(): Promise<SigningKeyRow | undefined> {
    const rows: SigningKeyRow[] = await this.dataSource.query(
      'SELECT key_id, public_key_pem, private_key_pem FROM audit_signing_keys WHERE retired_at IS NULL',
    );
    return rows[0];
  }

  /**
   * Stores a new active key unless one exists (at most one active key: when replicas start
   * together, one insert wins and every replica then reads the winner).
   */
  async insertKeyIfNone(key: SigningKeyRow): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO audit_signing_keys (key_id, public_key_pem, private_key_pem) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [key.key_id, key.public_key_pem, key.private_key_pem],
    );
  }

  async findHead(treeSize: number, keyId: string): Promise<SignedTreeHead | undefined> {
    const rows: TreeHeadRow[] = await this.dataSource.query(
      'SELECT tree_size, root_hash, issued_at, signature FROM audit_tree_heads WHERE tree_size = $1 AND key_id = $2',
      [treeSize, keyId],
    );
    return rows[0] && toHead(rows[0]);
  }

  /** Keeps the first head signed for (size, key): a concurrent replica's insert wins, nothing is overwritten. */
  async insertHeadIfNone(head: SignedTreeHead, keyId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_tree_heads (tree_size, key_id, root_hash, issued_at, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tree_size, key_id) DO NOTHING`,
      [head.treeSize, keyId, head.rootHash, head.timestamp, head.signature],
    );
  }

  /** The largest non-empty head issued with this key below `treeSize`. */
  async latestHeadBelow(treeSize: number, keyId: string): Promise<SignedTreeHead | undefined> {
    const rows: TreeHeadRow[] = await this.dataSource.query(
      `SELECT tree_size, root_hash, issued_at, signature FROM audit_tree_heads
        WHERE key_id = $1 AND tree_size > 0 AND tree_size < $2 ORDER BY tree_size DESC LIMIT 1`,
      [keyId, treeSize],
    );
    return rows[0] && toHead(rows[0]);
  }
}

function toHead(row: TreeHeadRow): SignedTreeHead {
  return { treeSize: Number(row.tree_size), timestamp: row.issued_at.toISOString(), rootHash: row.root_hash, signature: row.signature };
}
