from nutricheck.cli import main

main()
