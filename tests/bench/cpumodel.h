#pragma once

#include <fstream>
#include <string>

namespace benchsupport {

/// The "model name" of /proc/cpuinfo, or "" where there is none.
inline std::string cpuModel()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.starts_with("model name")) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? std::string() : line.substr(colon + 2);
        }
    }
    return {};
}

} // namespace benchsupport
