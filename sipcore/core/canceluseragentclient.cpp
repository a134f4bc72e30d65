#include "sipcore/core/canceluseragentclient.h"

#include "sipcore/core/coreerror.h"

namespace sipcore {

CancelUserAgentClient::CancelUserAgentClient(UserAgentCore &core,
                                             Request message,
                                             OutgoingRequestDelegate *delegate,
                                             std::optional<ServerTarget> target)
    : UserAgentClient(
            TransactionKind::NonInvite, core, std::move(message), delegate, std::move(target))
{}

Result<Request> CancelUserAgentClient::cancel(std::string_view, CancelOptions)
{
    return CoreError::NotCancellable;
}

} // namespace sipcore
