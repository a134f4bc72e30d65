#pragma once

// Test support: the common end of a run of headless Ringback against a SIPp scenario.
// Header-only.

#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"

/// Waits for SIPp to finish, then quits Ringback. Returns why the run failed: SIPp's
/// failure (its scenario did not pass), Ringback's error events, or why Ringback did not quit
/// cleanly; an empty string when none of these happened.
inline QString finishRun(SippProcess &sipp, HeadlessRingback &ringback)
{
    sipp.waitForFinished();
    if (const QString failure = sipp.failure(); !failure.isEmpty())
        return failure;
    if (const QString errors = ringback.errors(); !errors.isEmpty())
        return QStringLiteral("Ringback reported:\n") + errors;
    QString error;
    if (!ringback.quit(&error))
        return error;
    return {};
}
