// Per-version readers of the JSON parts: which entries a version has and their schemas.
import { ProjectError } from '../errors';
import type { JsonParts } from './json-parts';
import { ManifestV1Schema, ProjectPartV1Schema, RunV1Schema, type PartsV1 } from './v1';
import { DatasetsPartSchema, ManifestV2Schema, RunJsonSchema, UiPartSchema, type PartsV2 } from './v2';

export const runPartName = (id: string): string => `runs/${id}.json`;

export function readPartsV1(json: JsonParts): PartsV1 {
  const manifest = json.take('manifest.json', ManifestV1Schema);
  const project = json.take('project.json', ProjectPartV1Schema);
  const runs = project.runs.map((id) => checkRunId(json.take(runPartName(id), RunV1Schema, 'project.json'), id));
  return { manifest, project, runs };
}

export function readPartsV2(json: JsonParts): PartsV2 {
  const manifest = json.take('manifest.json', ManifestV2Schema);
  const datasets = json.take('datasets.json', DatasetsPartSchema);
  const ui = json.take('ui.json', UiPartSchema);
  const runs = manifest.runs.map((id) => checkRunId(json.take(runPartName(id), RunJsonSchema), id));
  return { manifest, datasets, ui, runs };
}

function checkRunId<R extends { id: string }>(run: R, listed: string): R {
  if (run.id !== listed) throw new ProjectError('schema', `${runPartName(listed)}: its id is "${run.id}", not "${listed}"`);
  return run;
}
