#pragma once

#include "sipcore/transaction/clienttransaction.h"

namespace sipcore {

/// The non-INVITE client transaction (RFC 3261 §17.1.2).
///
///                            |Request from TU
///                            |send request
///        Timer E             V
///        send request  +-----------+
///            +---------|           |-------------------+
///            |         |  Trying   |  Timer F          |
///            +-------->|           |  or Transport Err.|
///                      +-----------+  inform TU        |
///         200-699         |  |                         |
///         resp. to TU     |  |1xx                      |
///         +---------------+  |resp. to TU              |
///         |                  |                         |
///         |   Timer E        V       Timer F           |
///         |   send req +-----------+ or Transport Err. |
///         |  +---------|           | inform TU         |
///         |  |         |Proceeding |------------------>|
///         |  +-------->|           |-----+             |
///         |            +-----------+     |1xx          |
///         |              |      ^        |resp to TU   |
///         | 200-699      |      +--------+             |
///         | resp. to TU  |                             |
///         |              |                             |
///         |              V                             |
///         |            +-----------+                   |
///         |            |           |                   |
///         |            | Completed |                   |
///         |            |           |                   |
///         |            +-----------+                   |
///         |              ^   |                         |
///         |              |   | Timer K                 |
///         +--------------+   | -                       |
///                            |                         |
///                            V                         |
///      NOTE:           +-----------+                   |
///                      |           |                   |
///  transitions         | Terminated|<------------------+
///  labeled with        |           |
///  the event           +-----------+
///  over the action
///  to take
///
/// Timer E starts at T1 and doubles up to T2 in Trying; in Proceeding it fires every T2
/// (unreliable transports only). Timer F (64·T1) ends Trying/Proceeding with a timeout.
/// Timer K (T4 unreliable, 0 reliable) absorbs response retransmissions in Completed.
class NonInviteClientTransaction final : public ClientTransaction
{
public:
    NonInviteClientTransaction(Request request,
                               Endpoint destination,
                               TransactionContext context,
                               ClientTransactionUser *user);

    void start() override;
    void receiveResponse(const Response &response) override;

private:
    void stopTimers() override;
    void onTimerE();

    std::unique_ptr<Timer> m_timerE;
    std::unique_ptr<Timer> m_timerF;
    std::unique_ptr<Timer> m_timerK;
    Duration m_timerEInterval{0};
};

} // namespace sipcore
