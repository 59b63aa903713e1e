#!/bin/sh
# Removing or purging the package never touches anyone's data: each user's store stays in their
# home folder. Purging says where it is.
set -e
if [ "$1" = "purge" ]; then
  echo "Visitdesk: each user's store and its backups are kept in ~/.local/share/cn.visitdesk.desktop/ ." >&2
  echo "Visitdesk：各用户的工作台数据及其备份仍保留在 ~/.local/share/cn.visitdesk.desktop/ ，如不再需要请手动删除。" >&2
fi
exit 0
