#pragma once

// Test support: the common start and end of a run of headless Ringback against a SIPp
// scenario. Header-only.

#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"

#include <QScopeGuard>
#include <QTest>

/// Makes Ringback's waits end as soon as SIPp fails, and returns a guard that prints both
/// reports if the test has failed by the time it goes out of scope.
[[nodiscard]] inline auto watchRun(SippProcess &sipp, HeadlessRingback &ringback)
{
    ringback.interruptWaitsWhenFails(sipp);
    return qScopeGuard([&sipp, &ringback] {
        if (QTest::currentTestFailed())
            qWarning().noquote() << '\n' << sipp.report() << ringback.report();
    });
}

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
