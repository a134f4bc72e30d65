#pragma once

#include <QString>

#include <optional>

/// What a SIPp run reported in its statistics file (-trace_stat -stf FILE -fd 1: a header line,
/// then one ';'-separated line per period and a last one at the end). Counts are cumulative,
/// from the last line; times are seconds since SIPp started.
struct SippStats
{
    qint64 outgoingCalls = 0;           ///< OutgoingCall(C): calls started
    qint64 successfulCalls = 0;         ///< SuccessfulCall(C)
    qint64 failedCalls = 0;             ///< FailedCall(C): every failure below and the other kinds
    qint64 failedUnexpectedMessage = 0; ///< FailedUnexpectedMessage(C)
    qint64 failedMaxUdpRetrans = 0;     ///< FailedMaxUDPRetrans(C): retransmission timeouts
    qint64 retransmissions = 0;         ///< Retransmissions(C): requests SIPp sent again
    qint64 outOfCallMessages = 0;       ///< OutOfCallMsgs(C)
    qint64 deadCallMessages = 0;        ///< DeadCallMsgs(C): messages for ended calls
    qint64 watchdogMajor = 0;           ///< WatchdogMajor(C): SIPp's own loop stalled
    double elapsedSeconds = 0;          ///< CurrentTime − StartTime of the last line
    /// First period line by whose time every call had been started; the run's end when no
    /// period line shows all of them.
    double allStartedSeconds = 0;
    double responseTimeMs = 0; ///< ResponseTime1(C): mean INVITE → 200
    double callLengthMs = 0;   ///< CallLength(C): mean

    /// Reads \a fileName; nothing when it is missing or has no data line.
    static std::optional<SippStats> read(const QString &fileName);
};
