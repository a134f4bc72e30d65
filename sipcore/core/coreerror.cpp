#include "sipcore/core/coreerror.h"

#include <string>

namespace sipcore {

namespace {

class CoreCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "sipcore.core"; }
    std::string message(int value) const override
    {
        switch (static_cast<CoreError>(value)) {
        case CoreError::NotCancellable:
            return "only an INVITE can be cancelled";
        case CoreError::AlreadyFinal:
            return "the request already has a final response";
        case CoreError::Disposed:
            return "the request was disposed";
        case CoreError::BadTarget:
            return "the address cannot be called";
        case CoreError::InviteInProgress:
            return "another INVITE of the dialog is still in progress";
        case CoreError::DialogNotConfirmed:
            return "the dialog is not confirmed";
        }
        return "unknown core error";
    }
};

} // namespace

const std::error_category &coreCategory()
{
    static const CoreCategory category;
    return category;
}

std::error_code make_error_code(CoreError error)
{
    return {static_cast<int>(error), coreCategory()};
}

} // namespace sipcore
