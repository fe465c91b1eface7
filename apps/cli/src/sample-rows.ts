import path from 'node:path';
import type { SampleRowsChecker } from '@roster/config';
import { SAMPLE_REJECTIONS_SHOWN } from '@roster/config';
import { checkFile } from '@roster/engine';
import { readerForFile } from '@roster/parsers';

/** Maps a sample's rows as `roster check` does (no database), for `validate` and `init`. */
export const checkSampleRows: SampleRowsChecker = async (samplePath, tenant, mappings) => {
  const report = await checkFile({
    path: samplePath,
    fileName: path.basename(samplePath),
    reader: readerForFile(tenant.file),
    mappings,
    key: tenant.key,
    previewLimit: 0,
    rejectionDetailLimit: SAMPLE_REJECTIONS_SHOWN,
  });
  return { rows: report.rows, rejected: report.rejected, rejections: report.rejections };
};
