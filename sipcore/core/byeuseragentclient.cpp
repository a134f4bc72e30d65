#include "sipcore/core/byeuseragentclient.h"

namespace sipcore {

ByeUserAgentClient::ByeUserAgentClient(UserAgentCore &core,
                                       Request message,
                                       OutgoingRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::NonInvite, core, std::move(message), delegate)
{}

} // namespace sipcore
