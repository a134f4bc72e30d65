#include "sipcore/media/audioprocessor.h"

#include "sipcore/media/bandsplitter.h"
#include "sipcore/media/resampler.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace sipcore::media {

namespace {

/// How long an echo the filter can learn: the sound devices' buffers and the room.
constexpr unsigned TailMilliseconds = 200;
/// speexdsp's block: its delay, and the shortest its documentation recommends.
constexpr unsigned BlocksPerSecond = 100;
/// The rate speexdsp runs at when the frames' rate is a multiple of it.
constexpr unsigned CleanUpRate = 16000;
/// The most the high band is brought up: gain control's own limit, 30 dB.
constexpr float MaxHighGain = 31.6F;
/// Below this mean square the low band says nothing of what was done to it.
constexpr double SilentEnergy = 1.0;

std::size_t blockSamples(unsigned sampleRate, std::size_t frameSamples)
{
    const std::size_t block = sampleRate / BlocksPerSecond;
    return block > 0 && frameSamples % block == 0 ? block : frameSamples;
}

double meanSquare(std::span<const std::int16_t> samples)
{
    double sum = 0;
    for (const std::int16_t sample : samples)
        sum += double(sample) * sample;
    return samples.empty() ? 0 : sum / double(samples.size());
}

} // namespace

AudioProcessor::AudioProcessor(AudioProcessing settings,
                               unsigned sampleRate,
                               std::size_t frameSamples)
    : m_settings(settings)
    , m_frameSamples(frameSamples)
    , m_blockSamples(blockSamples(sampleRate, frameSamples))
{
    if (!settings.any())
        return;
    std::size_t speexBlock = m_blockSamples;
    unsigned speexRate = sampleRate;
    const unsigned ratio = sampleRate / CleanUpRate;
    if (sampleRate > CleanUpRate && sampleRate % CleanUpRate == 0 && m_blockSamples % ratio == 0) {
        // The preprocessor gives each block back one block late: the high band waits as long.
        m_split = std::make_unique<BandSplitter>(sampleRate, CleanUpRate, m_blockSamples, 1);
        m_playedDown
                = std::make_unique<Resampler>(sampleRate, CleanUpRate, BandSplitter::FilterQuality);
        speexBlock = m_split->lowBlockSamples();
        speexRate = CleanUpRate;
        m_low.resize(speexBlock);
        m_playedLow.reserve(speexBlock);
    }
    m_cleaned.resize(speexBlock);
    const int frame = static_cast<int>(speexBlock);
    int rate = static_cast<int>(speexRate);
    if (settings.echoCancellation) {
        m_echo = speex_echo_state_init(frame,
                                       static_cast<int>(speexRate * TailMilliseconds / 1000));
        speex_echo_ctl(m_echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    }
    // Always there when anything is on; with echo cancellation it also suppresses the echo
    // the filter left. speexdsp applies that suppression only while denoising is on, so
    // without noise suppression denoising stays on with a 0 dB noise floor: noise passes.
    m_preprocess = speex_preprocess_state_init(frame, rate);
    int on = settings.noiseSuppression || m_echo ? 1 : 0;
    speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_DENOISE, &on);
    if (m_echo && !settings.noiseSuppression) {
        int noiseFloorDb = 0;
        speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &noiseFloorDb);
    }
    on = settings.gainControl ? 1 : 0;
    speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_AGC, &on);
    if (settings.gainControl) {
        float level = 8000; // about -12 dBFS of speech
        speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level);
    }
    // The residual echo the filter leaves is suppressed here.
    if (m_echo)
        speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_ECHO_STATE, m_echo);
}

AudioProcessor::~AudioProcessor()
{
    if (m_preprocess)
        speex_preprocess_state_destroy(m_preprocess);
    if (m_echo)
        speex_echo_state_destroy(m_echo);
}

std::size_t AudioProcessor::delay() const
{
    if (!m_preprocess)
        return 0;
    return m_split ? m_split->delay() : m_blockSamples;
}

void AudioProcessor::process(std::span<std::int16_t> captured, std::span<const std::int16_t> played)
{
    if (captured.size() != m_frameSamples || played.size() != m_frameSamples || !m_preprocess)
        return;
    for (std::size_t at = 0; at < m_frameSamples; at += m_blockSamples) {
        const auto block = captured.subspan(at, m_blockSamples);
        const auto echoSource = played.subspan(at, m_blockSamples);
        if (m_split)
            cleanSplit(block, echoSource);
        else
            clean(block, echoSource);
    }
}

void AudioProcessor::clean(std::span<std::int16_t> block, std::span<const std::int16_t> played)
{
    if (m_echo) {
        speex_echo_cancellation(m_echo, block.data(), played.data(), m_cleaned.data());
        std::copy(m_cleaned.begin(), m_cleaned.end(), block.begin());
    }
    speex_preprocess_run(m_preprocess, block.data());
}

void AudioProcessor::cleanSplit(std::span<std::int16_t> block, std::span<const std::int16_t> played)
{
    m_split->split(block, m_low);
    m_playedLow.clear();
    m_playedDown->process(played, m_playedLow);
    m_playedLow.resize(m_low.size(), 0);
    const double raw = std::exchange(m_lastRawEnergy, meanSquare(m_low));
    clean(m_low, m_playedLow);
    // What the clean-ups did to the level of the block they gave back, the one before.
    float gain = m_highGain;
    if (raw >= SilentEnergy)
        gain = std::min(MaxHighGain, static_cast<float>(std::sqrt(meanSquare(m_low) / raw)));
    m_split->join(m_low, m_highGain, gain, block);
    m_highGain = gain;
}

} // namespace sipcore::media
