#pragma once

#include "sipcore/transaction/servertransaction.h"

namespace sipcore {

/// The INVITE server transaction (RFC 3261 §17.2.1 as amended by RFC 6026 §7.1 and §8.7).
///
///                 INVITE received: passed to the TU; Timer Trying armed
///                              |
///                              v
///    INVITE again:      +--------------+  1xx from TU: sent (and kept)
///    last 1xx re-sent   |  Proceeding  |  Timer Trying, TU silent: 100 sent
///              +------->|              |<-------+
///              +--------+--------------+--------+
///              300-699 from TU |      | 2xx from TU: sent
///              sent; G, H      |      v
///                              |  +--------------+  2xx from TU: sent
///                              |  |   Accepted   |  INVITE again: absorbed
///                              |  |              |  ACK: passed to the TU
///                              |  +--------------+
///                              v          | Timer L
///    INVITE again or    +--------------+  |
///    Timer G: final     |  Completed   |  |
///    re-sent            |              |--+---------- Timer H: TU told (no ACK)
///                       +--------------+  |
///                          ACK |          |
///                              v          |
///    ACK again:         +--------------+  |
///    absorbed           |  Confirmed   |  |
///                       +--------------+  |
///                      Timer I |          |
///                              v          v
///                       +-------------------------+
///                       |       Terminated        |<--- transport error: TU told
///                       +-------------------------+
///
/// Timer Trying (200 ms, §17.2.1) sends a 100 when the TU has not answered by then. Timer G
/// (unreliable transports only) starts at T1 and doubles up to T2. Timer H (64·T1) gives up
/// waiting for the ACK. Timer I (T4 unreliable, 0 reliable) absorbs ACK retransmissions.
/// Timer L (64·T1) keeps Accepted so the TU's 2xx retransmissions and a 2543 ACK find it; the
/// TU, not the transaction, retransmits a 2xx (§13.3.1.4).
class InviteServerTransaction final : public ServerTransaction
{
public:
    InviteServerTransaction(Request request,
                            Endpoint source,
                            TransactionContext context,
                            ServerTransactionUser *user);

    void start() override;
    void receiveRequest(const Request &request) override;
    std::error_code respond(const Response &response) override;
    /// In Accepted, sends the 2xx again as it went out (the TU's retransmission of §13.3.1.4,
    /// SIP.js's retransmitAcceptedResponse); in any other state nothing.
    void retransmitAcceptedResponse();

private:
    void stopTimers() override;
    void onTimerG();

    std::unique_ptr<Timer> m_timerTrying;
    std::unique_ptr<Timer> m_timerG;
    std::unique_ptr<Timer> m_timerH;
    std::unique_ptr<Timer> m_timerI;
    std::unique_ptr<Timer> m_timerL;
    Duration m_timerGInterval{0};
};

} // namespace sipcore
