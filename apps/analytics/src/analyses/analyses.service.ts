import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AnalysisDto,
  DomainError,
  type InsightResultEnvelope,
  type RecomputeAnalysisReply,
  type ReproduceAnalysisReply,
  type SaveAnalysisRequest,
} from '@fulcrum/contracts';
import type { JsonValue } from '@fulcrum/audit-log';
import { assertMatchesSchema, requireEnvelope } from '@fulcrum/messaging';
import { sha256Canonical } from '../insights/core/query-fingerprint';
import { INSIGHT_KIND_REGISTRY, validatedEngine } from '../insights/insight-kinds.registry';
import { InsightExecutor } from '../insights/insight.executor';
import { AnalysesRepository } from './analyses.repository';

/**
 * Reproducible analyses: an insight question, its answer, and the data version that answered it.
 * Reproducing recomputes the same question as of the same version and compares canonical JSON;
 * a difference can only come from data erased since (named in the reply).
 */
@Injectable()
export class AnalysesService {
  constructor(
    @Inject(InsightExecutor) private readonly executor: InsightExecutor,
    @Inject(AnalysesRepository) private readonly repository: AnalysesRepository,
  ) {}

  /** Saved by the request envelope's actor: its id, and its display name at this time. */
  async save(request: SaveAnalysisRequest): Promise<AnalysisDto> {
    const { actorId, actorName } = requireEnvelope();
    const { kind, query } = request.insight;
    const result = await this.compute(kind, request.projectId, request.timeZone, query, undefined);
    const analysis: AnalysisDto = {
      id: randomUUID(),
      projectId: request.projectId,
      title: request.title,
      narrative: request.narrative,
      insight: { kind, query },
      timeZone: request.timeZone,
      dataVersion: result.dataVersion,
      queryFingerprint: result.queryFingerprint,
      resultDigest: sha256Canonical(result as unknown as JsonValue),
      result,
      createdBy: actorName ?? actorId,
      createdById: actorId,
      createdAt: new Date().toISOString(),
    };
    await this.repository.insert(analysis);
    return analysis;
  }

  async get(projectId: string, analysisId: string): Promise<AnalysisDto> {
    const analysis = await this.repository.get(projectId, analysisId);
    if (!analysis) throw new DomainError('ANALYSIS_NOT_FOUND', `No analysis ${analysisId}.`, { analysisId });
    return analysis;
  }

  async reproduce(projectId: string, analysisId: string): Promise<ReproduceAnalysisReply> {
    const saved = await this.get(projectId, analysisId);
    const { kind, query } = saved.insight;
    const result = await this.compute(kind, saved.projectId, saved.timeZone, query, saved.dataVersion);
    const resultDigest = sha256Canonical(result as unknown as JsonValue);
    const identical = resultDigest === saved.resultDigest;
    const differences = identical ? [] : differingFields(saved.result, result);
    return {
      analysisId,
      identical,
      dataVersion: result.dataVersion,
      resultDigest,
      result,
      erasures: await this.repository.erasuresSince(saved.projectId, saved.createdAt),
      differences,
    };
  }

  /**
   * The saved question at the current data version, next to the saved answer. The answers are the
   * same when they differ at most in the data version they were computed at: that is the only
   * envelope field that moves with new data (the fingerprint and time zone are the question's).
   */
  async recompute(projectId: string, analysisId: string): Promise<RecomputeAnalysisReply> {
    const saved = await this.get(projectId, analysisId);
    const { kind, query } = saved.insight;
    const result = await this.compute(kind, saved.projectId, saved.timeZone, query, undefined);
    const differences = differingFields(withoutDataVersion(saved.result), withoutDataVersion(result));
    return {
      analysisId,
      saved: { dataVersion: saved.dataVersion, queryFingerprint: saved.queryFingerprint, resultDigest: saved.resultDigest, result: saved.result },
      current: {
        dataVersion: result.dataVersion,
        queryFingerprint: result.queryFingerprint,
        resultDigest: sha256Canonical(result as unknown as JsonValue),
        result,
      },
      sameAnswer: differences.length === 0,
      differences,
    };
  }

  private compute(
    kind: AnalysisDto['insight']['kind'],
    projectId: string,
    timeZone: string,
    query: Record<string, unknown>,
    asOfDataVersion: string | undefined,
  ): Promise<InsightResultEnvelope & Record<string, unknown>> {
    const request = { projectId, timeZone, query, ...(asOfDataVersion === undefined ? {} : { asOfDataVersion }) };
    assertMatchesSchema(INSIGHT_KIND_REGISTRY[kind].requestSchema, request, `insight ${kind}`);
    return this.executor.run(kind, request, validatedEngine(kind)) as Promise<InsightResultEnvelope & Record<string, unknown>>;
  }
}

function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(sha(a[k])) !== JSON.stringify(sha(b[k])));
}

function withoutDataVersion(result: Record<string, unknown>): Record<string, unknown> {
  const { dataVersion: _dataVersion, ...rest } = result;
  return rest;
}

function sha(v: unknown): string {
  return v === undefined ? 'undefined' : sha256Canonical(v as JsonValue);
}
