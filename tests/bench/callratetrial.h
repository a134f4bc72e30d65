#pragma once

#include "sippstats.h"

#include <QJsonObject>
#include <QString>

#include <optional>

/// One trial of the call-rate benchmark (RFC 7502's fixed-rate trial): a callee is started on
/// 127.0.0.1, pinned to one CPU, and SIPp's built-in uac scenario (INVITE, ACK, BYE) calls it
/// at one rate for a fixed time from another CPU; then the callee is stopped. The trial passes
/// when every call succeeded: SIPp counted no failed call (an unexpected message and a
/// retransmission timeout both count as one), all rate × duration calls succeeded, the callee
/// answered a BYE for every one of them, SIPp started them all within the duration plus 2 s (it
/// really offered the rate), SIPp exited 0, and the callee was still running at the end. The
/// BYE count matters because SIPp's uac scenario takes any 200 as the BYE's: a retransmitted
/// 200 of the INVITE (the ACK was lost or late) ends the call as a success even when the BYE
/// itself was lost. bench_callee reports its BYEs; SIPp's uas counts a call after its BYE. Both
/// SIPp processes can be given the socket buffer bench_callee's UDP socket gets
/// (Config::sippSocketBuffer), so that no side drops datagrams for want of buffer alone. A callee
/// whose resident memory passes a limit ends the trial early, failed (the machine is shared). Every
/// process started here is ended here, and dies with this one (PR_SET_PDEATHSIG) if it is killed
/// first.
class CallRateTrial
{
public:
    enum class Callee {
        Ringback, ///< bench_callee: sipcore's UserAgentCore and UdpTransport
        SippUas,  ///< SIPp's built-in uas scenario: the ceiling
    };

    struct Config
    {
        Callee callee = Callee::Ringback;
        QString calleeProgram; ///< the bench_callee executable
        QString sippProgram;   ///< the sipp executable
        int rate = 100;        ///< calls per second
        int durationSeconds = 30;
        int calleeCpu = 0;
        int callerCpu = 1;
        QString workDirectory; ///< SIPp's statistics and error files and the callee's log go here
        qint64 calleeMemoryLimit = qint64(10) << 30; ///< bytes of resident memory
        /// SIPp's -buff_size (the SO_RCVBUF and SO_SNDBUF it asks for, which the kernel
        /// doubles) for both SIPp processes; 0 leaves SIPp's default (65535).
        int sippSocketBuffer = 0;
    };

    struct Result
    {
        int rate = 0;
        bool passed = false;
        bool ran = false; ///< false when a process could not start or left no statistics
        QString verdict;  ///< "pass", or why not
        std::optional<SippStats> stats;
        int sippExitCode = -1;
        QString calleeReport;        ///< bench_callee's last line ("invites N acks N …")
        qint64 calleeByes = -1;      ///< BYEs the callee answered; -1 when unknown
        qint64 calleePeakMemory = 0; ///< the callee's peak resident memory (VmHWM), bytes
        double loadBefore = 0;
        double loadAfter = 0;
        double wallSeconds = 0;

        QJsonObject toJson() const;
    };

    /// The name of \a callee in reports ("ringback", "sipp-uas").
    static QString name(Callee callee);
    /// Runs one trial; blocks for about the duration.
    static Result run(const Config &config);
};
