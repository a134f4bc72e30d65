#include "sipcore/core/registeruseragentclient.h"

namespace sipcore {

RegisterUserAgentClient::RegisterUserAgentClient(UserAgentCore &core,
                                                 Request message,
                                                 OutgoingRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::NonInvite, core, std::move(message), delegate)
{}

} // namespace sipcore
