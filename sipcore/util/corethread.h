#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <thread>

namespace sipcore {

/// The core thread: one io_context (concurrency hint 1) run by one std::thread under a work
/// guard. All SIP state lives on it. Construct and destroy from one owning thread; the
/// destructor stops the loop and joins, so nothing posted runs after it returns.
class CoreThread
{
public:
    CoreThread();
    ~CoreThread();
    CoreThread(const CoreThread &) = delete;
    CoreThread &operator=(const CoreThread &) = delete;

    using Executor = boost::asio::io_context::executor_type;
    Executor executor() { return m_context.get_executor(); }
    boost::asio::io_context &context() { return m_context; }
    /// True when called from the core thread.
    bool isCurrent() const { return std::this_thread::get_id() == m_thread.get_id(); }
    /// Lets queued work finish, then stops the loop and joins. Idempotent.
    void stop();

private:
    boost::asio::io_context m_context{1};
    boost::asio::executor_work_guard<Executor> m_guard;
    std::thread m_thread;
};

} // namespace sipcore
