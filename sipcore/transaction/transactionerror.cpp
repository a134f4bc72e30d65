#include "sipcore/transaction/transactionerror.h"

#include <string>

namespace sipcore {

namespace {

class TransactionCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "sipcore.transaction"; }
    std::string message(int value) const override
    {
        switch (static_cast<TransactionError>(value)) {
        case TransactionError::Terminated:
            return "the transaction has ended";
        case TransactionError::AlreadyFinal:
            return "a final response was already sent";
        }
        return "unknown transaction error";
    }
};

} // namespace

const std::error_category &transactionCategory()
{
    static const TransactionCategory category;
    return category;
}

std::error_code make_error_code(TransactionError error)
{
    return {static_cast<int>(error), transactionCategory()};
}

} // namespace sipcore
