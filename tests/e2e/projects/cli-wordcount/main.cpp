// wordcount: counts words in files (or stdin) and prints the most frequent ones.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

void count_words(std::istream& in, std::map<std::string, int>& counts) {
  std::string word;
  while (in >> word) {
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    ++counts[word];
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, int> counts;
  if (argc < 2) {
    count_words(std::cin, counts);
  }
  for (int i = 1; i < argc; ++i) {
    std::ifstream file(argv[i]);
    if (!file) {
      std::cerr << "wordcount: cannot open " << argv[i] << "\n";
      return 1;
    }
    count_words(file, counts);
  }
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < sorted.size() && i < 10; ++i) {
    std::cout << sorted[i].second << " " << sorted[i].first << "\n";
  }
  return 0;
}
