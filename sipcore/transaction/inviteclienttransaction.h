#pragma once

#include "sipcore/transaction/clienttransaction.h"

namespace sipcore {

/// The INVITE client transaction (RFC 3261 §17.1.1 as amended by RFC 6026 §8.4).
///
///                           |INVITE from TU
///         Timer A fires     |INVITE sent            Timer B fires or
///         Reset A,          V                       transport error:
///         INVITE sent +-----------+                 inform TU
///           +---------|           |-------------------------------+
///           |         |  Calling  |                               |
///           +-------->|           |-------------+                 |
///                     +-----------+ 2xx         |                 |
///      300-699          |       |   2xx to TU   |                 |
///      ACK sent         |       |1xx            |                 |
///      resp. to TU      |       |1xx to TU      |                 |
///   +-------------------+       V               |                 |
///   |               1xx  +-----------+          |                 |
///   |          1xx to TU |           |  2xx     |                 |
///   |             +------|Proceeding |----------+                 |
///   |             +----->|           |  2xx to TU                 |
///   |                    +-----------+          |                 |
///   |   300-699            |                    V                 |
///   |   ACK sent,          |              +-----------+  2xx      |
///   |   resp. to TU        |              |           |  2xx to TU|
///   +----------------------+              | Accepted  |<-----+    |
///   |                                     |           |------+    |
///   |  300-699            +-----------+   +-----------+           |
///   |  ACK sent  +--------|           |         |                 |
///   |            |        | Completed |         | Timer M         |
///   |            +------->|           |         |                 |
///   +-------------------->+-----------+         |                 |
///                               | Timer D       |                 |
///                               V               V                 |
///                         +-----------------------------+         |
///                         |         Terminated          |<--------+
///                         +-----------------------------+
///
/// Timer A (T1, doubling; unreliable transports only) retransmits in Calling. Timer B (64·T1)
/// ends Calling with a timeout. Timer D (≥ 32 s unreliable, 0 reliable) absorbs final
/// response retransmissions in Completed, each answered by the same ACK. Timer M (64·T1)
/// keeps Accepted alive so 2xx retransmissions (and forked 2xx) reach the TU, which ACKs them.
/// Proceeding has no timer of its own: the TU's CANCEL guard (64·T1, §9.1) bounds it.
class InviteClientTransaction final : public ClientTransaction
{
public:
    InviteClientTransaction(Request request,
                            Endpoint destination,
                            TransactionContext context,
                            ClientTransactionUser *user);

    void start() override;
    void receiveResponse(const Response &response) override;

    /// The ACK for a non-2xx final response (§17.1.1.3): Request-URI, Call-ID, From, top Via
    /// and Route of the INVITE, To of the response, CSeq number of the INVITE with ACK.
    static Request makeAck(const Request &invite, const Response &response);

private:
    void stopTimers() override;
    void onTimerA();

    std::unique_ptr<Timer> m_timerA;
    std::unique_ptr<Timer> m_timerB;
    std::unique_ptr<Timer> m_timerD;
    std::unique_ptr<Timer> m_timerM;
    Duration m_timerAInterval{0};
    std::string m_ackBytes;
};

} // namespace sipcore
