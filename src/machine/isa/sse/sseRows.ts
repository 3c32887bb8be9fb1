// The MMX/SSE..SSE4.2 rows of the instruction table, gathered from the handler files.
import type { OpRow } from '../opRow.js';
import { SSE_INT_ARITH_ROWS } from './sseIntArith.js';
import { SSE_MOVE_ROWS } from './sseMoves.js';
import { SSE_SHUFFLE_ROWS } from './sseShuffle.js';
import { PCMPSTR_ROWS } from './pcmpStr.js';
import { SSE_FLOAT_ROWS } from './sseFloat.js';
import { SSE_COMPARE_ROWS } from './sseCompare.js';
import { SSE_CONVERT_ROWS } from './sseConvert.js';
import { SSE41_ROWS } from './sse41.js';
import { SSE_RCP_ROWS } from './sseRcp.js';
import { SSE_CRYPTO_ROWS } from './sseCrypto.js';
import { SSE4A_ROWS } from './sse4a.js';

export const SSE_ROWS: readonly OpRow[] = [...SSE_MOVE_ROWS, ...SSE_INT_ARITH_ROWS, ...SSE_SHUFFLE_ROWS, ...PCMPSTR_ROWS,
  ...SSE_FLOAT_ROWS, ...SSE_COMPARE_ROWS, ...SSE_CONVERT_ROWS, ...SSE41_ROWS, ...SSE_RCP_ROWS, ...SSE_CRYPTO_ROWS, ...SSE4A_ROWS];
