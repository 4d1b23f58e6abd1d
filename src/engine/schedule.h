/* schedule.h - the optimisation passes program_finalize runs on a pruned
 * Program (each can be turned off with Program.opt_off, PROGRAM_OPT_*):
 *
 *   dedupe   one constant node per distinct value (every `0.7` shares one
 *            buffer);
 *   schedule every node gets a level, 1 + the highest level among the nodes
 *            producing its inputs (nodes without producers, such as
 *            constants, patterns and readers of feedback buses or voice
 *            slots only, are level 0), and the nodes are stably reordered
 *            by level: nodes of one level never depend on each other, so
 *            the order is still topological;
 *   bank     within a level, nodes of one bank class (bank.h) are grouped
 *            into banks of up to DSP_LANES_MAX lanes (16 with AVX-512, 8
 *            with AVX2; no banks without SIMD);
 *   reuse    buffer ids are reassigned by liveness in the final order: a
 *            node's outputs take ids from a free list when it runs, its
 *            inputs' ids return to the list after their last reader ran
 *            (never before the reader's own outputs are assigned, so a node
 *            never finds an input aliased with its output). Constants,
 *            buffers written outside the nodes (voice slots, feedback
 *            targets), feedback sources and outputs keep ids of their own;
 *   vector   `+ - *` nodes use the AVX-512 / AVX2 arithmetic kernels.
 *
 * Every pass keeps the rendered output bit for bit
 * (tests/unit/test_engine_schedule.c). */
#ifndef PHONON_ENGINE_SCHEDULE_H
#define PHONON_ENGINE_SCHEDULE_H

#include "core/status.h"
#include "engine/program.h"

PhStatus schedule_dedupe_constants(Program *p);
/* Levels, order and (unless PROGRAM_OPT_BANK is off) banks. */
PhStatus schedule_nodes(Program *p);
PhStatus schedule_reuse_buffers(Program *p);
PhStatus schedule_vectorise(Program *p);

#endif
