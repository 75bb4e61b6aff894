import { useApi } from '@backstage/core-plugin-api';
import {
  Grading,
  readGradeCaps,
  readGradeThresholds,
} from '@ha-posture/plugin-ha-posture-common';
import { useEffect, useState } from 'react';
import { HaPostureApi, haPostureApiRef } from '../api/HaPostureApi';

/*
 * One request per app (the API is a singleton): every grade badge of a page asks, one `GET /checks`
 * answers them all, and badges mounted later read the answer without a render in between. Null:
 * the backend answered without a usable grading.
 */
const answers = new WeakMap<HaPostureApi, Grading | null>();
const requests = new WeakMap<HaPostureApi, Promise<Grading | null>>();

/**
 * The grading of a `/checks` response, or null when it is absent (a backend older than the field)
 * or incomplete: a threshold filled in from the defaults could be a wrong number.
 */
function usableGrading(value: unknown): Grading | null {
  if (!value || typeof value !== 'object') return null;
  const { thresholds, caps } = value as Partial<Record<keyof Grading, unknown>>;
  if (
    !thresholds ||
    typeof thresholds !== 'object' ||
    !['A', 'B', 'C', 'D'].every(
      grade =>
        typeof (thresholds as Record<string, unknown>)[grade] === 'number',
    )
  )
    return null;
  const grades = readGradeThresholds(thresholds);
  const capped = readGradeCaps(caps);
  if (grades.problems.length > 0 || capped.problems.length > 0) return null;
  return { thresholds: grades.thresholds, caps: capped.caps };
}

function requestGrading(api: HaPostureApi): Promise<Grading | null> {
  let request = requests.get(api);
  if (!request) {
    request = Promise.resolve()
      .then(() => api.getChecks())
      .then(
        response => {
          const grading = usableGrading(response?.grading);
          answers.set(api, grading);
          return grading;
        },
        () => {
          // Not kept: the next badge to mount asks again.
          requests.delete(api);
          return null;
        },
      );
    requests.set(api, request);
  }
  return request;
}

/**
 * The grading in force (`haPosture.thresholds`, from `GET /checks`), fetched once per app.
 * Undefined while loading, after an error or from a backend without it: describe grades without
 * numbers then.
 */
export function useHaGrading(): Grading | undefined {
  const api = useApi(haPostureApiRef);
  const [grading, setGrading] = useState(() => answers.get(api));
  useEffect(() => {
    if (answers.has(api)) {
      setGrading(answers.get(api));
      return undefined;
    }
    let mounted = true;
    requestGrading(api).then(answer => {
      if (mounted) setGrading(answer);
    });
    return () => {
      mounted = false;
    };
  }, [api]);
  return grading ?? undefined;
}
