#include "sipcore/core/canceluseragentclient.h"

#include "sipcore/core/coreerror.h"

namespace sipcore {

CancelUserAgentClient::CancelUserAgentClient(UserAgentCore &core,
                                             Request message,
                                             OutgoingRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::NonInvite, core, std::move(message), delegate)
{}

Result<Request> CancelUserAgentClient::cancel(std::string_view, CancelOptions)
{
    return CoreError::NotCancellable;
}

} // namespace sipcore
